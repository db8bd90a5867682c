import { detectedCodes, sharedLookup } from '../../helpers.js';

/** The shared lookup's detector, as the detector's and its rules' tests read it. */
export const detector = sharedLookup().detector;

export const codesOf = (text: string) => detectedCodes(text);
/** As in a channel a server chose for Spotify help. */
export const inHelp = (text: string) => detectedCodes(text, { assumeSpotify: true });
