import { useState } from 'preact/hooks';
import { formatCount, plural } from '@/lib/format';
import type { RecipientPicker } from '@/lib/features/messaging/protocol';

/** The picker with the draft's size in UTF-8 bytes, as the composer window knows it. */
type Picker = RecipientPicker & { draftBytes: number };

/** What the chosen recipients mean for the post's length: it fits 280 characters, or why not. */
export function postFit(picker: Picker, count: number): { fits: boolean; text: string } {
  if (count === 0) return { fits: false, text: 'Choose who may read the post. You can always read it too.' };
  const capacity = picker.capacity[count - 1] ?? -1;
  if (capacity < 0) {
    return { fits: false, text: `For ${plural(count, 'member', 'members')} the post is too long for ${formatCount(picker.postLimit)} characters: it needs the site's longer posts.` };
  }
  if (picker.draftBytes > capacity) {
    const over = picker.draftBytes - capacity;
    return { fits: false, text: `${plural(over, 'byte', 'bytes')} too long for a ${formatCount(picker.postLimit)}-character post: shorten it, choose fewer members, or use the site's longer posts.` };
  }
  return { fits: true, text: `Fits a ${formatCount(picker.postLimit)}-character post (${formatCount(picker.draftBytes)} of ${plural(capacity, 'byte', 'bytes')}).` };
}

/** Searchable checkboxes of the members a post may be encrypted for, with the length it leaves. */
export function RecipientChoice({ picker, chosen, setChosen }: { picker: Picker; chosen: string[]; setChosen: (ids: string[]) => void }) {
  const [query, setQuery] = useState('');
  const needle = query.trim().replace(/^@/, '').toLowerCase();
  // By handle only: a union's name is in every label.
  const shown = picker.choices.filter((choice) => chosen.includes(choice.id) || choice.id.slice(choice.id.indexOf(':') + 1).includes(needle));
  const full = chosen.length >= picker.maxChosen;
  const fit = postFit(picker, chosen.length);
  return (
    <fieldset class="picker" data-testid="recipient-picker">
      <legend>Who may read it</legend>
      <input
        type="search"
        class="picker-search"
        autoFocus
        placeholder="Search members by handle"
        aria-label="Search members by handle"
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <ul class="picker-list" aria-label="Members with a messaging key">
        {shown.map((choice) => (
          <li key={choice.id}>
            <label>
              <input
                type="checkbox"
                value={choice.id}
                checked={chosen.includes(choice.id)}
                disabled={full && !chosen.includes(choice.id)}
                onChange={(event) => setChosen(event.currentTarget.checked ? [...chosen, choice.id] : chosen.filter((id) => id !== choice.id))}
              />
              <span class="wrap">{choice.label}</span>
            </label>
          </li>
        ))}
        {shown.length === 0 && <li class="muted">No member matches “{query.trim()}”.</li>}
      </ul>
      <p class={fit.fits ? 'small' : 'small warn'} role="status" data-testid="picker-fit">
        {fit.text}
        {full && ` A post is locked for at most ${formatCount(picker.maxChosen)} members.`}
      </p>
    </fieldset>
  );
}
