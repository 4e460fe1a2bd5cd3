import { useState } from 'preact/hooks';
import type { WalletStatus } from '@/lib/wallet/keeper';
import { Outcome, useAction } from './shared';
import type { Api } from '@/lib/protocol/client';

/** Auto-lock, invites, export and removal of the key. */
export function Settings({ api, status, onChange }: { api: Api; status: Extract<WalletStatus, { state: 'unlocked' }>; onChange: () => void }) {
  const [minutes, setMinutes] = useState(String(status.autoLockMinutes));
  const [autoLock, saveAutoLock] = useAction(api, 'walletSetAutoLock');
  const [exportPassword, setExportPassword] = useState('');
  const [exported, exportSecret, hideExport] = useAction(api, 'walletExport');
  const [removePassword, setRemovePassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [removed, remove] = useAction(api, 'walletRemove');

  return (
    <>
      <form class="card" onSubmit={(e) => { e.preventDefault(); void saveAutoLock({ minutes: Number(minutes) }).then((s) => s && onChange()); }}>
        <h2>Auto-lock</h2>
        <div class="field">
          <label for="auto-lock">Lock after this many idle minutes</label>
          <input id="auto-lock" inputMode="numeric" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
        </div>
        <button type="submit">Save</button>
        <Outcome action={autoLock} busyText="Saving…" />
        {autoLock.state === 'done' && <p class="ok-text">Saved.</p>}
      </form>
      <form class="card" onSubmit={(e) => { e.preventDefault(); void exportSecret({ password: exportPassword }).then(() => setExportPassword('')); }}>
        <h2>Export the key</h2>
        <p class="muted">Shows your recovery phrase or private key. Anyone who sees it controls your account.</p>
        <div class="field">
          <label for="export-password">Password</label>
          <input id="export-password" type="password" value={exportPassword} onInput={(e) => setExportPassword(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={!exportPassword}>Show</button>
        <Outcome action={exported} busyText="Decrypting…" />
        {exported.state === 'done' && (
          <>
            <p class="mono" data-testid="exported-secret">
              {exported.value.secret.kind === 'mnemonic' ? exported.value.secret.mnemonic : exported.value.secret.privateKey}
            </p>
            <button type="button" class="secondary" onClick={hideExport}>Hide</button>
          </>
        )}
      </form>
      <form class="card error" onSubmit={(e) => { e.preventDefault(); void remove({ password: removePassword }).then((s) => s && onChange()); }}>
        <h2>Remove the key from this browser</h2>
        <p>Without your recovery phrase or private key written down, the account and everything it holds are lost for good.</p>
        <label class="row" style={{ justifyContent: 'flex-start' }}>
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} /> I have my phrase or key written down
        </label>
        <div class="field">
          <label for="remove-password">Password</label>
          <input id="remove-password" type="password" value={removePassword} onInput={(e) => setRemovePassword(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={!understood || !removePassword}>Remove the key</button>
        <Outcome action={removed} busyText="Removing…" />
      </form>
    </>
  );
}
