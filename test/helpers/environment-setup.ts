/**
 * No test reads the machine's own Kraken settings: every `KRAKEN_*` variable (API keys and
 * secrets, demo keys) is removed before a test file loads, so a developer with live credentials
 * in their shell runs the same suite as CI. A test that needs one sets it with `vi.stubEnv`,
 * which the config undoes after each test.
 */
for (const name of Object.keys(process.env)) {
  if (name.startsWith('KRAKEN_')) delete process.env[name];
}
