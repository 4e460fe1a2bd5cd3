import { useEffect, useState } from 'preact/hooks';
import type { UnionIdentity } from '@/lib/features/unions/protocol';
import { formatCount, safeText, shortAddress } from '@/lib/format';
import { displayHandle } from '@/lib/identity/handles';
import type { Api } from '@/lib/protocol/client';

const WHY: Record<NonNullable<UnionIdentity['followedBecause']>, string> = {
  member: 'you are a member',
  settings: "the extension's settings",
  chosen: 'you follow it',
};

/** A union as people must see it before trusting it: never by name alone. */
function UnionCard({ union, children }: { union: UnionIdentity; children?: preact.ComponentChildren }) {
  return (
    <li class="union-card" data-testid={`union-${union.id}`}>
      <div class="row">
        <strong>{safeText(union.name, 60)}</strong>
        <span class="muted mono">#{union.id}</span>
      </div>
      <p class="small">
        Led by{' '}
        <span data-testid="union-card-leader" title={union.leader}>
          {union.leaderHandle ? `${displayHandle(union.leaderHandle)} (${shortAddress(union.leader)})` : `${union.leader} (no verified handle)`}
        </span>
        {' · '}
        {formatCount(union.size)} {union.size === 1 ? 'member' : 'members'}
      </p>
      {union.purpose && <p class="muted small">{safeText(union.purpose, 200)}</p>}
      {children}
    </li>
  );
}

/**
 * The unions whose badges and vouches this browser trusts: the member's own, the settings' one,
 * and those followed by id after seeing their leader and size.
 */
export function FollowedUnions({ api }: { api: Api }) {
  const [unions, setUnions] = useState<UnionIdentity[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<UnionIdentity | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api('followedUnions').then((r) => (r.ok ? setUnions(r.value.unions) : setError(r.error)));
  }, [api]);

  async function run<T>(action: () => Promise<{ ok: true; value: T } | { ok: false; error: string }>, done: (value: T) => void) {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (result.ok) done(result.value);
    else setError(result.error);
  }

  function lookUp(event: Event) {
    event.preventDefault();
    const unionId = Number(query.trim().replace(/^#/, ''));
    setFound(null);
    if (!Number.isSafeInteger(unionId) || unionId < 1) return setError('A union id is a whole number, e.g. 2.');
    void run(() => api('unionInfo', { unionId }), (value) => setFound(value.union));
  }

  return (
    <section class="card" data-testid="followed-unions" aria-busy={busy}>
      <h2>Unions you follow</h2>
      <p class="muted small">Badges, ranks and Tip appear only for members of these unions. Anyone can create a union with any name: follow one only when you know its leader.</p>
      {unions === null && !error && (
        <p class="muted" role="status">
          <span class="spinner" aria-hidden="true" /> Reading the unions…
        </p>
      )}
      {unions && (
        <ul class="unions">
          {unions.map((union) => (
            <UnionCard key={union.id} union={union}>
              <div class="row">
                <span class="muted small">Followed: {union.followedBecause ? WHY[union.followedBecause] : ''}</span>
                {union.followedBecause === 'chosen' && (
                  <button type="button" class="secondary" disabled={busy} onClick={() => void run(() => api('unfollowUnion', { unionId: union.id }), (v) => setUnions(v.unions))}>
                    Unfollow
                  </button>
                )}
              </div>
            </UnionCard>
          ))}
        </ul>
      )}
      <form class="row" onSubmit={lookUp}>
        <label class="field inline">
          <span>Union id</span>
          <input data-testid="follow-union-id" inputMode="numeric" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} placeholder="e.g. 2" />
        </label>
        <button type="submit" disabled={busy || !query.trim()}>
          Look up
        </button>
      </form>
      {found && (
        <ul class="unions" data-testid="union-lookup">
          <UnionCard union={found}>
            {found.followed ? (
              <p class="muted small">Already followed.</p>
            ) : (
              <button
                type="button"
                data-testid="follow-union"
                disabled={busy}
                onClick={() => void run(() => api('followUnion', { unionId: found.id }), (v) => (setUnions(v.unions), setFound(null), setQuery('')))}
              >
                Follow #{found.id}
              </button>
            )}
          </UnionCard>
        </ul>
      )}
      {error && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
