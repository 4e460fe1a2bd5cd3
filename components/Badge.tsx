import type { ProfileView } from '@/lib/identity/verify';
import { plural, roleLabel, safeText } from '@/lib/format';

/** The union's name cut to `max`, keeping the id a union followed by choice is labelled with. */
export function unionText(view: ProfileView, max: number): string {
  const m = view.membership!;
  const id = view.unionLabel?.endsWith(` #${m.unionId}`) ? ` #${m.unionId}` : '';
  return safeText(m.unionName, max) + id;
}

/** The compact badge beside a post's author. */
export function PostBadge({ view }: { view: ProfileView }) {
  if (view.state !== 'verified' || !view.membership) return null;
  const m = view.membership;
  return (
    <span
      class={`nu-compact nu-role-${m.role}`}
      data-nu="compact"
      title={`${unionText(view, 32)} · ${roleLabel(m)} · ${plural(m.supportBase, 'supporter', 'supporters')}`}
    >
      {unionText(view, 24)} · {roleLabel(m)}
    </span>
  );
}
