import { useState } from 'preact/hooks';
import { CopyButton, Outcome, useAction } from './shared';
import type { Api } from '@/lib/protocol/client';

/** No key yet: create one (phrase shown once, then checked) or import one. */
export function Setup({ api, onDone }: { api: Api; onDone: () => void }) {
  const [mode, setMode] = useState<'choose' | 'create' | 'import'>('choose');
  if (mode === 'create') return <Create api={api} onDone={onDone} back={() => setMode('choose')} />;
  if (mode === 'import') return <Import api={api} onDone={onDone} back={() => setMode('choose')} />;
  return (
    <section class="card">
      <h2>Your key</h2>
      <p class="muted">The key signs your transactions, messages and documents. It stays in this browser, encrypted with your password.</p>
      <div class="row">
        <button type="button" onClick={() => setMode('create')}>Create a new key</button>
        <button type="button" class="secondary" onClick={() => setMode('import')}>Import a key or phrase</button>
      </div>
    </section>
  );
}

function PasswordFields({ password, confirm, onPassword, onConfirm }: { password: string; confirm: string; onPassword: (v: string) => void; onConfirm: (v: string) => void }) {
  return (
    <>
      <div class="field">
        <label for="password">Password (at least 8 characters)</label>
        <input id="password" type="password" autocomplete="new-password" value={password} onInput={(e) => onPassword(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="password-confirm">Password again</label>
        <input id="password-confirm" type="password" autocomplete="new-password" value={confirm} onInput={(e) => onConfirm(e.currentTarget.value)} />
        {confirm && confirm !== password && <small class="error-text">The passwords differ.</small>}
      </div>
    </>
  );
}

function Create({ api, onDone, back }: { api: Api; onDone: () => void; back: () => void }) {
  const [prepared, prepare] = useAction(api, 'walletPrepareCreate');
  const [confirmed, confirmCreate] = useAction(api, 'walletConfirmCreate');
  const [wroteDown, setWroteDown] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const [answers, setAnswers] = useState(['', '', '']);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');

  if (prepared.state !== 'done') {
    return (
      <section class="card">
        <h2>Create a new key</h2>
        <p>You will see a 12-word recovery phrase once. Write it down on paper: it is the only way back into your account.</p>
        <div class="row">
          <button type="button" class="secondary" onClick={back}>Back</button>
          <button type="button" onClick={() => void prepare()}>Create my phrase</button>
        </div>
        <Outcome action={prepared} busyText="Creating…" />
      </section>
    );
  }
  const { mnemonic, confirm } = prepared.value;
  if (!wroteDown) {
    return (
      <section class="card">
        <h2>Your recovery phrase</h2>
        <p class="warn">Anyone with these words controls your account. Make sure nobody can see your screen, and never type them into a web page.</p>
        {revealed ? (
          <>
            <ol class="phrase" data-testid="phrase">
              {mnemonic.split(' ').map((word, i) => (
                <li key={i}>{i + 1}. {word}</li>
              ))}
            </ol>
            <div class="row start">
              <CopyButton text={mnemonic} label="Copy the phrase" />
              <button type="button" onClick={() => setWroteDown(true)}>I wrote it down</button>
            </div>
          </>
        ) : (
          <button type="button" onClick={() => setRevealed(true)}>Reveal my phrase</button>
        )}
      </section>
    );
  }
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void confirmCreate({ password, answers }).then((status) => status && onDone());
      }}
    >
      <h2>Check your phrase</h2>
      {confirm.map((position, i) => (
        <div class="field" key={position}>
          <label for={`word-${position}`}>Word #{position + 1}</label>
          <input
            id={`word-${position}`}
            autocomplete="off"
            spellcheck={false}
            value={answers[i]}
            onInput={(e) => setAnswers(answers.map((a, j) => (j === i ? e.currentTarget.value : a)))}
          />
        </div>
      ))}
      <PasswordFields password={password} confirm={again} onPassword={setPassword} onConfirm={setAgain} />
      <div class="row start">
        <button type="button" class="secondary" onClick={() => setWroteDown(false)}>Back to the phrase</button>
        <button type="submit" disabled={confirmed.state === 'busy' || password !== again}>Create my key</button>
      </div>
      <Outcome action={confirmed} busyText="Encrypting your key (this takes a moment)…" testId="setup-outcome" />
    </form>
  );
}

function Import({ api, onDone, back }: { api: Api; onDone: () => void; back: () => void }) {
  const [imported, importSecret] = useAction(api, 'walletImport');
  const [secret, setSecret] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void importSecret({ secret, password }).then((status) => status && onDone());
      }}
    >
      <h2>Import a key</h2>
      <div class="field">
        <label for="secret">Recovery phrase or private key</label>
        <textarea id="secret" spellcheck={false} autocomplete="off" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
      </div>
      <PasswordFields password={password} confirm={again} onPassword={setPassword} onConfirm={setAgain} />
      <div class="row">
        <button type="button" class="secondary" onClick={back}>Back</button>
        <button type="submit" disabled={imported.state === 'busy' || password !== again}>Import</button>
      </div>
      <Outcome action={imported} busyText="Encrypting your key (this takes a moment)…" testId="setup-outcome" />
    </form>
  );
}

/** A key exists but is locked. */
export function Unlock({ api, address, onDone }: { api: Api; address: string; onDone: () => void }) {
  const [unlocked, unlock] = useAction(api, 'walletUnlock');
  const [password, setPassword] = useState('');
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void unlock({ password }).then((status) => {
          setPassword('');
          if (status) onDone();
        });
      }}
    >
      <h2>Unlock</h2>
      <p class="mono">{address}</p>
      <div class="field">
        <label for="unlock-password">Password</label>
        <input id="unlock-password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} autoFocus />
      </div>
      <button type="submit" disabled={unlocked.state === 'busy' || !password}>Unlock</button>
      <Outcome action={unlocked} busyText="Unlocking…" testId="unlock-outcome" />
    </form>
  );
}
