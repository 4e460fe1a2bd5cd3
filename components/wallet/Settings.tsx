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
  const [passwords, setPasswords] = useState({ old: '', next: '', repeat: '' });
  const [changed, changePassword] = useAction(api, 'walletChangePassword');
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
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void changePassword({ oldPassword: passwords.old, newPassword: passwords.next }).then((s) => s && setPasswords({ old: '', next: '', repeat: '' }));
        }}
      >
        <h2>Change the password</h2>
        <p class="muted">The key is encrypted again under the new password. If the change is interrupted, the old password still opens it.</p>
        <div class="field">
          <label for="old-password">Current password</label>
          <input id="old-password" type="password" autoComplete="current-password" value={passwords.old} onInput={(e) => setPasswords({ ...passwords, old: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="new-password">New password (at least 8 characters)</label>
          <input id="new-password" type="password" autoComplete="new-password" value={passwords.next} onInput={(e) => setPasswords({ ...passwords, next: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="repeat-password">New password again</label>
          <input
            id="repeat-password"
            type="password"
            autoComplete="new-password"
            aria-describedby="repeat-hint"
            value={passwords.repeat}
            onInput={(e) => setPasswords({ ...passwords, repeat: e.currentTarget.value })}
          />
          {passwords.repeat && passwords.repeat !== passwords.next && <p id="repeat-hint" class="error-text">The two new passwords differ.</p>}
        </div>
        <button type="submit" disabled={!passwords.old || !passwords.next || passwords.next !== passwords.repeat}>Change the password</button>
        <Outcome action={changed} busyText="Encrypting again…" />
        {changed.state === 'done' && <p class="ok-text" role="status">Password changed: use the new one from now on.</p>}
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
