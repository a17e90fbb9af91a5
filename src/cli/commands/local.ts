// Placeholder until the owning issue lands; replaced by the real command.
export async function runLocal(_argv: string[]): Promise<number> {
  throw new Error('streamgate local is being built');
}
