/**
 * The join address as a QR code (the `qr` library: small, no dependencies, loaded only when a
 * code is drawn): a phone's camera opens the landing page with the code filled in (#/j/CODE).
 * The host console's address for another device is drawn the same way.
 */
import { h } from "./dom.ts";

type Encode = (text: string, output: "svg", opts: { ecc: "medium"; border: number }) => string;
let encodeP: Promise<Encode> | null = null;
function encoder(): Promise<Encode> {
  encodeP ??= import("qr").then((m) => m.default as Encode);
  return encodeP;
}

/** The address a player's phone opens to join this game. */
export function joinUrl(code: string): string {
  return `${location.origin}/#/j/${encodeURIComponent(code)}`;
}

/**
 * The address a host's other device (a phone to walk the room with, another computer) opens to
 * get the host console: it carries the host key, so whoever has it can run the game.
 */
export function hostUrl(code: string, hostKey: string): string {
  return `${location.origin}/#/g/${encodeURIComponent(code)}/host?key=${encodeURIComponent(hostKey)}`;
}

/** A figure with the join address's QR code (an SVG, dark on light so every camera reads it) and the address in words. */
export function joinQr(code: string, id: string): HTMLElement {
  const url = joinUrl(code);
  return qrFigure(url, id, `QR code of the join address ${url}`, url.replace(/^https?:\/\//, ""));
}

/** A figure with an address's QR code and a caption. */
export function qrFigure(url: string, id: string, label: string, caption: string): HTMLElement {
  const box = h("div.qr", { role: "img", "aria-label": label });
  void encoder().then((encode) => {
    // the SVG is generated from our own URL by the library: a path of squares, no user input
    box.innerHTML = encode(url, "svg", { ecc: "medium", border: 2 });
  });
  return h("figure.qr-figure", { id }, box, h("figcaption.hint", {}, caption));
}
