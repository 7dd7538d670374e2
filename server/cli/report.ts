export function reportCommand(_dirs: string[], _opts: Record<string, unknown>): void {}
