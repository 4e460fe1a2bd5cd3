import { useEffect, useState } from 'preact/hooks';
import type { ChainConfig, ConfigErrors } from '@/lib/config';
import type { Api } from '@/lib/protocol/client';
import { FollowedUnions } from './FollowedUnions';

type Field = keyof ChainConfig;
type Form = Record<Field, string>;
type Outcome = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; reason: string };

const FIELDS: { name: Field; label: string; hint: string }[] = [
  { name: 'rpcUrl', label: 'RPC URL', hint: 'JSON-RPC endpoint of the chain, e.g. an L2 public RPC.' },
  { name: 'chainId', label: 'Chain id', hint: 'Checked against the node: 31337 is the local chain.' },
  { name: 'registry', label: 'Registry address', hint: 'The deployed UnionRegistry contract.' },
  { name: 'tips', label: 'Tips contract address', hint: 'Where tips are sent through (it forwards them at once).' },
  { name: 'lens', label: 'Lens contract address', hint: 'The UnionLens beside the registry: reads profiles for badges in one call.' },
  { name: 'campaigns', label: 'Campaigns contract address', hint: "The union's campaigns: pledges held in escrow, signatures, outcomes." },
  { name: 'stakeLock', label: 'StakeLock contract address', hint: 'Locks of union tokens and each union\'s login criterion.' },
  { name: 'unionId', label: 'Union id', hint: 'The union the popup shows and badges prefer.' },
  { name: 'multicall3', label: 'Multicall3 address', hint: 'Batches reads into one call; the canonical address is the default.' },
  {
    name: 'indexerUrl',
    label: 'Indexer URL (optional)',
    hint: "The union's indexer, e.g. http://127.0.0.1:42069: the tree, leaderboards, ranks and records come from it. Empty: folded from the chain (fine for a small union).",
  },
];

function toForm(config: ChainConfig): Form {
  return Object.fromEntries(FIELDS.map(({ name }) => [name, String(config[name] ?? '')])) as Form;
}

/** Which chain and registry the extension reads; nothing is saved until the node confirms it. */
export function Options({ api }: { api: Api }) {
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<ConfigErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  useEffect(() => {
    void api('getConfig').then((result) => {
      if (result.ok) setForm(toForm(result.value.config));
      else setOutcome({ kind: 'error', reason: result.error });
    });
  }, [api]);

  async function submit(event: Event) {
    event.preventDefault();
    if (!form) return;
    setOutcome({ kind: 'saving' });
    setErrors({});
    const result = await api('setConfig', { config: form });
    if (result.ok) {
      setForm(toForm(result.value.config));
      setOutcome({ kind: 'saved' });
    } else {
      setErrors(result.fieldErrors ?? {});
      setOutcome({ kind: 'error', reason: result.error });
    }
  }

  async function reset() {
    setOutcome({ kind: 'saving' });
    const result = await api('resetConfig');
    if (result.ok) {
      setForm(toForm(result.value.config));
      setErrors({});
      setOutcome({ kind: 'saved' });
    } else setOutcome({ kind: 'error', reason: result.error });
  }

  if (!form) return <main class="options"><p class="muted" role="status">Loading settings…</p></main>;
  return (
    <main class="options">
      <h1>Network Union · Chain</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {FIELDS.map(({ name, label, hint }) => (
          <div class="field" key={name}>
            <label for={name}>{label}</label>
            <input
              id={name}
              name={name}
              value={form[name]}
              spellcheck={false}
              aria-invalid={errors[name] ? true : undefined}
              aria-describedby={`${name}-hint`}
              onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
            />
            <small id={`${name}-hint`} class={errors[name] ? 'error-text' : 'muted'} data-testid={errors[name] ? `error-${name}` : undefined}>
              {errors[name] ?? hint}
            </small>
          </div>
        ))}
        <div class="row">
          <button type="submit" disabled={outcome.kind === 'saving'}>
            {outcome.kind === 'saving' ? 'Checking the chain…' : 'Save'}
          </button>
          <button type="button" class="link" onClick={() => void reset()} disabled={outcome.kind === 'saving'}>
            Reset to the local chain
          </button>
        </div>
        <p role="status" data-testid="options-outcome" class={outcome.kind === 'error' ? 'error-text' : 'muted'}>
          {outcome.kind === 'saved' && 'Saved. Badges now come from this chain.'}
          {outcome.kind === 'error' && `Not saved: ${outcome.reason}`}
        </p>
      </form>
      <FollowedUnions api={api} />
    </main>
  );
}
