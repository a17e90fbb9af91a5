// The UI runners' bookkeeping (ui-e2e*.mjs): each step prints "ok"/"FAIL" with its time, and the
// run ends with "N passed, N failed", the line scripts/test-all.mjs reads.
export function createSteps() {
  const results = [];
  /** Runs one named step; a failure is counted, printed on one line, and rethrown (later steps depend on it). */
  async function step(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ ok: true });
      console.log(`  ok   ${name} (${Date.now() - t0} ms)`);
    } catch (err) {
      results.push({ ok: false });
      console.log(`  FAIL ${name}: ${String(err?.message ?? err).split('\n')[0]}`);
      throw err;
    }
  }
  return {
    step,
    /** Counts a failure outside any step (e.g. the watchdog). */
    fail: () => { results.push({ ok: false }); },
    /** Prints the summary line and returns the exit code: 0 only when steps ran and all passed. */
    summary() {
      const passed = results.filter((r) => r.ok).length;
      console.log(`${passed} passed, ${results.length - passed} failed`);
      return results.length && passed === results.length ? 0 : 1;
    },
  };
}
