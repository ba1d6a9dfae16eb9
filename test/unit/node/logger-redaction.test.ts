/** Value-based redaction in the node logger (docs/reliability.md S1): what the file header promises, and nothing less. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, createLogger, memorySink, redactFields } from '../../../src/node/logger.js';

describe('redactFields by value', () => {
  it('masks HTTP credentials in string values whatever the key', () => {
    expect(redactFields({ header: 'Bearer CANARY.jwt.token', basic: 'basic Q0FOQVJZOnB3' })).toEqual({ header: REDACTED, basic: REDACTED });
    // Ordinary text mentioning the word is left alone.
    expect(redactFields({ note: 'bearer of bad news' })).toEqual({ note: 'bearer of bad news' });
    expect(redactFields({ note: 'a basic order' })).toEqual({ note: 'a basic order' });
  });

  it('removes the password of a URL with userinfo, as a string or a URL object', () => {
    const out = redactFields({
      proxy: 'http://trader:pa55-CANARY@proxy.local:3128',
      tricky: 'http://trader:p@ss/CANARY@proxy.local:3128/x',
      object: new URL('http://trader:pa55-CANARY@proxy.local:3128'),
      malformed: 'http://trader:pa55-CANARY@proxy.local:notaport',
      plain: 'https://api.kraken.com/0/public/Time',
      inList: ['wss://u:CANARY@ws.kraken.com'],
    }) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain('CANARY');
    expect(out['proxy']).toBe('http://trader:***@proxy.local:3128/');
    expect(out['object']).toBe('http://trader:***@proxy.local:3128/');
    expect(out['tricky']).toBe('http://***@proxy.local:3128/x');
    expect(out['malformed']).toBe('http://***@proxy.local:notaport');
    expect(out['plain']).toBe('https://api.kraken.com/0/public/Time');
  });

  it('masks URL userinfo inside error messages and drops the cause chain', () => {
    const err = new Error('connect via http://trader:pa55-CANARY@proxy:1 failed', { cause: new Error('CANARY cause') });
    expect(redactFields({ err })).toEqual({ err: { name: 'Error', message: 'connect via http://***@proxy:1 failed' } });
  });

  it('applies to every record a logger writes, in JSON and util.inspect', () => {
    const sink = memorySink();
    createLogger('c', { sink }).warn('proxy config', { proxyUrl: 'http://trader:pa55-CANARY@127.0.0.1:3128', auth: 'Bearer CANARY' });
    expect(JSON.stringify(sink.records)).not.toContain('CANARY');
    expect(inspect(sink.records, { depth: 10 })).not.toContain('CANARY');
    expect(JSON.stringify(sink.records)).toContain('127.0.0.1:3128');
  });
});
