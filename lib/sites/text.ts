/**
 * An element's text with emoji images read as their alt text (X and Facebook draw emoji as
 * <img alt>): textContent drops them and glues the words on either side ("Organiser🌹NetworkUnion:0x…"
 * would lose its proof).
 */
export function textWithEmoji(root: Element): string {
  let text = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) text += node instanceof HTMLImageElement ? node.alt : node.nodeType === 3 ? node.nodeValue : '';
  return text;
}
