import { describe, expect, it } from 'vitest';
import { bestSupported } from '../../../src/core/detect/tell-apart.js';
import { sharedLookup } from '../../helpers.js';

const lookup = sharedLookup();
const entries = (...codes: string[]) => codes.map((code) => lookup.byCode(code)!);

describe('telling apart the entries a text shows together', () => {
  const firewall = entries('auth:3', 'accounts:103', 'session:103', 'desktop_login_accounts:5', 'accesspoint:17', 'accesspoint:39', 'Error 30');

  it('picks the one the rest of the text clearly points to', () => {
    expect(bestSupported(lookup.index, firewall, 'it happens when I log in through the browser')?.code).toBe('session:103');
  });

  it('picks none when the rest says nothing telling, or nothing but the words every entry shares', () => {
    expect(bestSupported(lookup.index, firewall, '')).toBeUndefined();
    expect(bestSupported(lookup.index, firewall, 'spotify says error code, help again')).toBeUndefined();
    expect(bestSupported(lookup.index, entries('auth:3', 'accounts:3', 'session:3'), 'what a lovely day')).toBeUndefined();
  });
});
