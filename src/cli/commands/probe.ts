// Placeholder until the owning issue lands; replaced by the real command.
export async function runProbe(_argv: string[]): Promise<number> {
  throw new Error('streamgate probe is being built');
}
