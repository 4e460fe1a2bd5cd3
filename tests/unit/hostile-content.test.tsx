// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DecryptedMessage } from '../../components/DecryptedMessage';
import { parseRequest } from '../../lib/protocol';
import { ralliesNotice, rallyNotice } from '../../lib/union/rallies';

const HOSTILE = '<img src=x onerror="window.__pwned=1"> \u202Eevil\u202C <a href="javascript:alert(1)">link</a>';

let root: HTMLElement;
afterEach(() => render(null, root));

describe('hostile text', () => {
  it('shows a decrypted message as text the page can neither select nor find, with its words in the accessible name', () => {
    root = document.createElement('div');
    document.body.append(root);
    const result = { ok: true as const, value: { opened: true as const, plaintext: HOSTILE, sender: null, placement: 'here' as const, sentAt: null } };
    render(<DecryptedMessage results={[result]} setCiphertextShown={() => undefined} openWallet={() => undefined} />, root);
    const shown = root.querySelector('[data-nu="plaintext"]')!;
    expect(shown.textContent).toBe(HOSTILE);
    expect(shown.querySelectorAll('img, a, script')).toHaveLength(0);
    expect(shown.getAttribute('role')).toBe('img');
    expect(shown.getAttribute('aria-label')).toBe(HOSTILE);
    // All of its text is inside an inert element.
    expect(shown.querySelector('[inert]')?.textContent).toBe(HOSTILE);
  });

  it('lets a page-long armour through to the reader, cut, so it is told the message is too large', () => {
    const armour = `🔒NU2:${'A'.repeat(1_000_000)}`;
    const parsed = parseRequest({ type: 'openArmour', armour, authors: ['x:nia_nu'] }, 'content');
    expect('params' in parsed && (parsed.params as { armour: string }).armour.length).toBe(20_000);
    expect(parseRequest({ type: 'openArmour', armour: 42, authors: [] }, 'content')).toEqual({ error: 'openArmour.armour is missing or not valid.' });
  });

  it("cleans a rally's union name and text of bidi and invisible controls, and bounds them, in notifications", () => {
    const notice = rallyNotice({ unionName: `\u202Enoinu ecruoS nepO${'x'.repeat(64)}`, text: `Call \u2066now\u2069\u200B ${'y'.repeat(400)}` });
    expect(notice.title).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B]/);
    expect(notice.message).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B]/);
    expect(notice.title).toMatch(/^noinu ecruoS nepOx+…: rally$/);
    expect(notice.message.length).toBeLessThanOrEqual(60 + 2 + 280);
    expect(notice.message).toContain(': Call now y');
    expect(ralliesNotice(2, ['\u202Eabc', 'd\u200Be']).message).toBe('abc, de: open Network Union to see them.');
  });
});
