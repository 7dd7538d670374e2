import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/** Join codes: no 0/O, 1/I/L; easy to read aloud and type on a phone. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 6;

export function newJoinCode(): string {
  let s = "";
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** Normalises what a person typed: upper case, no spaces or dashes. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export function newSecret(): string {
  return randomBytes(24).toString("base64url");
}

export function newMemberId(): string {
  return `m${randomBytes(5).toString("hex")}`;
}

export function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(sha256(secret), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
