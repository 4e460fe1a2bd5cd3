import { useState } from 'preact/hooks';
import decryptedCss from './decrypted.css?inline';
import type { ResponseOf, Result } from '@/lib/protocol';
import { displayHandle } from '@/lib/identity/handles';
import { safeText, shortAddress } from '@/lib/format';
import { trusted } from './trusted';

/** An armoured message as its reader sees it: the plaintext and who verifiably wrote it, or why not. */
export function DecryptedMessage({
  results,
  setCiphertextShown,
  openWallet,
}: {
  results: Result<ResponseOf<'openArmour'>>[];
  setCiphertextShown: (shown: boolean) => void;
  openWallet: () => void;
}) {
  const [shown, setShown] = useState(false);
  return (
    <div class="nu-decrypted">
      <style>{decryptedCss}</style>
      {results.map((result, i) => {
        if (!result.ok) return <p key={i} class="nu-neutral">{safeText(result.error, 160)}</p>;
        const value = result.value;
        if (!value.opened) {
          return (
            <p key={i} class="nu-neutral">
              {safeText(value.message, 160)}
              {value.reason === 'locked' && (
                <button type="button" class="nu-rank" onClick={trusted(openWallet)}>
                  Unlock
                </button>
              )}
            </p>
          );
        }
        const sender = value.sender;
        return (
          <div key={i}>
            {/* Chromium's getSelection() and window.find() reach into closed shadow roots: inert text
                cannot be selected or found, so the page learns nothing of it; the label reads it aloud. */}
            <p class="nu-plaintext" role="img" aria-label={value.plaintext} data-nu="plaintext">
              <span inert>{value.plaintext}</span>
            </p>
            <p class="nu-sender">
              🔒 encrypted ·{' '}
              {sender
                ? `${sender.self ? 'you' : displayHandle(sender.handle)} (${shortAddress(sender.address)}), verified`
                : 'sender not verified'}
              {value.sentAt !== null && ` · sealed ${new Date(value.sentAt).toLocaleString()}`}
            </p>
            {value.placement === 'elsewhere' && (
              <p class="nu-neutral" data-nu="elsewhere">
                ⚠ Written for another conversation or post: it may have been copied here from where it was sent.
              </p>
            )}
          </div>
        );
      })}
      <button
        type="button"
        class="nu-rank"
        onClick={trusted(() => {
          setShown(!shown);
          setCiphertextShown(!shown);
        })}
      >
        {shown ? 'Hide ciphertext' : 'Show ciphertext'}
      </button>
    </div>
  );
}
