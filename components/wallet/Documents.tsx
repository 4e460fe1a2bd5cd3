import { useState } from 'preact/hooks';
import { displayHandle } from '@/lib/identity/handles';
import { safeText } from '@/lib/format';
import { Outcome, useAction } from './shared';
import type { Api } from '@/lib/protocol/client';

async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The document to sign or check: a picked file, or pasted text. */
function DocumentInput({ id, onChange }: { id: string; onChange: (doc: Blob | null, name: string) => void }) {
  return (
    <div class="field">
      <label for={`${id}-file`}>Document (a file, or paste text below)</label>
      <input id={`${id}-file`} type="file" onChange={(e) => onChange(e.currentTarget.files?.[0] ?? null, e.currentTarget.files?.[0]?.name ?? '')} />
      <textarea aria-label="Document text" id={`${id}-text`} onInput={(e) => onChange(e.currentTarget.value ? new Blob([e.currentTarget.value]) : null, '')} />
    </div>
  );
}

/** Sign a document (EIP-191 and EIP-712 over its SHA-256), or check a signature file. */
export function Documents({ api }: { api: Api }) {
  const [doc, setDoc] = useState<Blob | null>(null);
  const [title, setTitle] = useState('');
  const [signed, sign] = useAction(api, 'signDocument');
  const [checkDoc, setCheckDoc] = useState<Blob | null>(null);
  const [signatureFile, setSignatureFile] = useState('');
  const [checked, check] = useAction(api, 'verifyDocument');
  const fileText = signed.state === 'done' ? JSON.stringify(signed.value.file, null, 2) : '';

  return (
    <>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (doc) void toBase64(doc).then((base64) => sign({ title, base64 }));
        }}
      >
        <h2>Sign a document</h2>
        <DocumentInput id="sign" onChange={(d, name) => { setDoc(d); if (name && !title) setTitle(name); }} />
        <div class="field">
          <label for="doc-title">Title</label>
          <input id="doc-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={!doc || !title.trim() || signed.state === 'busy'}>Sign</button>
        <Outcome action={signed} busyText="Waiting for your approval…" testId="sign-outcome" />
        {signed.state === 'done' && (
          <>
            <p class="ok-text">Signed. Keep this signature file with the document:</p>
            <textarea readOnly class="mono" aria-label="Signature file to share" data-testid="signature-file" value={fileText} />
            <a download={`${signed.value.file.document.title}.signature.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(fileText)}`}>
              Save the signature file
            </a>
          </>
        )}
      </form>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (checkDoc) void toBase64(checkDoc).then((base64) => check({ base64, signatureFile }));
        }}
      >
        <h2>Verify a signature</h2>
        <DocumentInput id="verify" onChange={(d) => setCheckDoc(d)} />
        <div class="field">
          <label for="signature-input">Signature file</label>
          <input type="file" accept=".json,application/json" aria-label="Signature file" onChange={(e) => void e.currentTarget.files?.[0]?.text().then(setSignatureFile)} />
          <textarea id="signature-input" value={signatureFile} onInput={(e) => setSignatureFile(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={!checkDoc || !signatureFile.trim() || checked.state === 'busy'}>Verify</button>
        <Outcome action={checked} busyText="Checking…" />
        {checked.state === 'done' && (
          <p role="status" data-testid="verify-result" class={checked.value.ok ? 'ok-text' : 'error-text'}>
            {checked.value.ok
              ? `Signed by ${checked.value.signer} on ${new Date(checked.value.time * 1000).toISOString()}. ` +
                (checked.value.membership && checked.value.handle
                  ? `Verified member ${displayHandle(checked.value.handle)} of ${safeText(checked.value.membership.unionName, 60)} (${checked.value.membership.role}).`
                  : checked.value.membership
                    ? `A member of ${safeText(checked.value.membership.unionName, 60)}, with no verified handle.`
                    : 'Not a member of any union.')
              : `Not valid: ${checked.value.reason}`}
          </p>
        )}
      </form>
    </>
  );
}
