import { describe, expect, it } from 'vitest';
import { detector } from '../helpers.js';

describe('detector rules', () => {
  it('answers symptoms only from words, and only where the text names Spotify', () => {
    const symptoms = (t: string) => detector.detect(t, { assumeSpotify: true, symptomMode: true }).matches.map((m) => m.entry.code);
    // Codes and messages search would find are the other rules' to judge.
    for (const chat of ['the bus number is 17', '429 people showed up to the concert', 'const config = { auth:1, retries:3 };', 'error 404 page not found']) {
      expect(symptoms(chat), chat).toEqual([]);
    }
    // A help channel alone does not make a description Spotify's.
    for (const chat of ['my token expired', 'the firewall at school blocks everything', 'installer is unable to install, files in use, visual studio']) {
      expect(symptoms(chat), chat).toEqual([]);
    }
    expect(symptoms('spotify installer says the files are in use by another process')).toEqual(['Installer error 18']);
  });
});
