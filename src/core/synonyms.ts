import type { Platform } from '../data/schema.js';

/**
 * How people say what the reference says otherwise: general wording of the domain, each row a
 * pattern over the folded query and the reference's words it stands for. Search adds those words
 * to the query (a little below an exact word). Rows are about kinds of wording, never one message,
 * and list people's words, not the reference's own (those need no help). Many were written from
 * test/fixtures/people-wording.jsonl: phrases from public posts outside the real-message corpus.
 */
export const SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  // Connection
  [/\boffline\b|\bdisconnect\w*|\bno connection\b|\bcan'?t connect\w*|\bcannot connect\w*|\bcould ?n'?o?t connect\w*|\bwon'?t connect\w*/, 'connection connect'],
  [/\b(?:spotify|servers?) (?:is |are )?(?:down|having an outage)\b|\boutage\b|\baffecting everyone\b/, 'temporarily unavailable servers'],
  [/\b(?:after|from) (?:sleep\w*|suspend\w*|hibernat\w*|standby)\b|\b(?:wak\w*|resum\w*) (?:up )?from (?:sleep|suspend|hibernation|standby)\b/, 'connection lost reconnecting'],
  [/\bno internet\b|\bwi-?fi\b|\binternet (?:is )?(?:down|gone|lost)\b/, 'internet connection'],
  [/\bgfw\b|\bgreat firewall\b|\bisp\b|\bschool\b|\bcampus\b|\buniversity\b|\bwork (?:wifi|network)\b|\bcorporate\b|\bcensor\w*|\bblacklist\w*/, 'network administrator blocking'],
  [/\bpi-?hole\b|\badblock\w*|\bad ?guard\b|\bad ?blocker\w*|\bhosts? file\b|\bdns block\w*|\bnextdns\b|\bblock ?lists?\b/, 'hosts firewall'],
  // A Spotify host blocked or allowed by name ("blocking spclient.wg.spotify.com").
  // (Bounded, and the second way starts at the host's literal name: linear time on any input.)
  [/\b(?:block|unblock|whitelist|allowlist)\w*\W+[\w.-]{0,60}?(?:spotify\.com|scdn\.co)\b|(?:spotify\.com|scdn\.co)\W+(?:is |are |was |got )?(?:block|unblock|whitelist)/, 'hosts firewall'],
  // Programs that block connections, by name: firewalls and security suites.
  [/\bsimplewall\b|\blittle ?snitch\b|\blulu\b|\bglasswire\b|\bportmaster\b|\bnetlimiter\b|\bzone ?alarm\b|\bcomodo\b|\bwindows defender\b|\banti ?-?virus\b|\bavg\b|\bnorton\b|\bkaspersky\b|\bavast\b|\bbitdefender\b|\beset\b|\bmcafee\b/, 'firewall'],
  [/\bvpn\b|\bproxy\b|\bproxies\b/, 'vpn proxy'],
  // Account
  [/\bban\b|\bbann?ed\b|\bsuspend\w*|\bdeactivat\w*|\bclosed account\b|\baccount (?:was |got )?(?:closed|removed|deleted)\b/, 'account disabled suspended'],
  [/\bcred(?:ential)?s?\b|\bwrong password\b|\bincorrect password\b|\binvalid password\b|\bcan'?t log ?in\b|\bcannot log ?in\b/, 'username password incorrect'],
  [/\blog(?:ging|ged)? ?in\b|\blogin\w*|\bsign(?:ing|ed)? ?in\b|\bsignin\b/, 'login'],
  [/\b(?:browser|web ?(?:site|page)?) (?:log ?in|sign ?in)\b|\b(?:log|sign)(?:ging|ged)? ?in (?:via|through|with|in|on) (?:the |a |my )?(?:browser|web\w*)\b|\bredirect\w* (?:me )?to (?:the |a )?(?:browser|web ?page|website)\b|\blocalhost\b|\bsuccess (?:page|screen) (?:in|on) the browser\b|\bnever (?:returns|goes back|comes back) to the app\b/, 'browser login'],
  [/\b(?:system )?clock\b|\b(?:date|time) (?:and|or|\/) ?(?:time|date|hour)\b|\btime ?zone\b|\bwrong (?:date|time)\b/, 'clock'],
  // A saved login the client no longer accepts: back at the login screen on start, after a password change.
  [/\b(?:keeps?|kept|always) asking (?:me )?to (?:log|sign) ?in\b|\b(?:back|returns?|sends? me back|kicks? me back) to the log ?in (?:screen|page)\b|\bchanged (?:my )?(?:spotify )?password\b|\bremember (?:my )?(?:password|login)\b/, 'stored session saved password changed'],
  // A phrasal verb takes its object in the middle: "logs me out", "kicked us out".
  [/\b(?:log(?:s|ging|ged)?|sign(?:s|ing|ed)?|kick(?:s|ing|ed)?) ?(?:(?:me|us|you|him|her|them|everyone) )?out\b/, 'session terminated'],
  // Where the person is: the login's country check. A region is what tracks are licensed for.
  [/\babroad\b|\btravel\w*|\bnot in (?:the )?us\b|\blocation\b|\bmoved to\b|\b(?:another|different) (?:country|region)\b|\bcountry[- ]?lock\w*/, 'country relocated'],
  [/\bnot available in your (?:area|country)\b|\bregion[- ]?lock\w*|\bgeo-?block\w*/, 'region'],
  [/\bemail (?:is |was )?(?:already )?(?:in use|taken|registered|used)\b|\balready (?:have|has|had) an account\b/, 'email already registered'],
  [/\blistening (?:limit|quota|time)\b|\bhours? (?:limit|left)\b|\bout of (?:free )?listening\b|\b\d+ hours? (?:of (?:free )?listening|a month|per month)\b|\bstreaming hours\b/, 'listening limit free'],
  [/\bfree (?:account|plan|tier|user)\b|\b(?:non|un)-?premium\b|\bwithout premium\b|\bneed(?:s)? premium\b|\brequires? premium\b/, 'premium'],
  // Playback
  [/\bwidevine\b|\bdrm\b|\bsecure playback\b|\bkey ?system\b|\beme\b|\bprotected content\b|\bmedia ?keys?\b|\bmediakeysystem\w*/, 'protected keysystem drm eme'],
  [/\bwon'?t play\b|\bcan'?t play\b|\bcannot play\b|\bunable to play\b|\bnot play(?:ing)?\b|\bskips?\b|\bskipping\b/, 'play'],
  [/\bsound\b|\bno audio\b|\bsilent\b|\bstutter\w*|\bcrackl\w*|\bcorrupt\w*/, 'audio decoding'],
  [/\b(?:songs?|tracks?) (?:are |is )?(?:gr[ae]y(?:ed)?[- ]?out)\b|\bgr[ae]y(?:ed)?[- ]?out (?:songs?|tracks?)\b/, 'available region'],
  [/\bhid(?:e|den|ing) (?:this |the |a )?(?:songs?|tracks?|artists?)\b|\bdon'?t play this artist\b|\bblock(?:ed|ing)? (?:the |this |an )?artist\b/, 'hidden allow artist'],
  [/\bwasapi\b|\basio\b|\bexclusive (?:control|access)\b/, 'exclusive mode'],
  [/\bspeakers?\b|\bsonos\b|\bchromecast\b|\bsmart tv\b|\bconnect device\b|\bcast(?:ing)?\b|\b(?:show|appear)\w* (?:up )?in (?:the |my )?(?:list of )?devices\b|\bdevices? (?:menu|panel|picker)\b|\braspotify\b|\bvolumio\b/, 'device connect'],
  [/\bdownload(?:s|ed)? (?:limit|devices?)\b|\btoo many devices\b/, 'offline device limit downloads'],
  [/\btoo many (?:tabs|windows|instances)\b|\bmultiple (?:tabs|windows|instances)\b|\bopen in another tab\b|\b(?:playing|open) (?:in|on) another tab\b/, 'tabs subscriptions'],
  // Versions and installing
  [/\boutdated\b|\bout of date\b|\bold version\b|\bno longer supported\b|\bdeprecated\b|\bsunset\w*|\bforced? (?:to )?update\b|\b(?:must|have to|need to) update\b|\bupdate pop-?up\b/, 'version update sunsetted'],
  [/\b(?:won'?t|can'?t|cannot|fails? to|failed to) update\b|\bupdat(?:e|ing|er) (?:fail\w*|loop\w*|stuck)\b|\bstuck (?:on |at |while )?updating\b/, 'automatic update failed'],
  [/\b(?:el capitan|high sierra|sierra|mojave|catalina|big sur)\b|\bmacos 1[01]\b|\bos x 10\.\d+/, 'macos version older'],
  [/\b(?:black|blank|white|empty) (?:screen|window)\b|\bkeeps? loading\b|\bloads? forever\b/, 'went wrong reload page'],
  [/\bsetup\b|\bset up\b/, 'installer install'],
  [/\bdisk image\b|\bdmg\b|\bmount\w*/, 'disk image mount'],
  // Web API
  [/\b429s\b|\brate[- ]?limit\w*|\bthrottl\w*|\bretry-after\b/, '429 many requests'],
  [/\bclient (?:id|secret)\b|\bapp credentials\b|\bbad request\b/, 'invalid client credentials'],
  [/\bno (?:active |playback ){0,2}devices?\b|\bdevice not found\b|\bplayer not found\b|\b(?:device|player) (?:becomes |goes |is |gets )?inactive\b|\binactive (?:device|player)\b/, 'active device'],
  // Player commands that ask for the state the player is already in.
  [/\balready (?:playing|paused|being played|stopped)\b|\bis already (?:playing|paused)\b/, 'restriction violated'],
];

/**
 * Words that name a platform: entries of that platform rank first (the others still rank); what is
 * answered does not depend on them, but for a message several entries share (docs/architecture.md).
 */
export const PLATFORM_WORDS: ReadonlyArray<readonly [RegExp, Platform]> = [
  [/\bmac\b|\bmacbook\w*|\bmacos\b|\bmac ?os ?x?\b|\bos ?x\b|\bdmg\b|\bbig sur\b|\bmonterey\b|\bventura\b|\bsonoma\b|\bsequoia\b|\bcatalina\b|\bimac\b/, 'macos'],
  [/\bwindows\b|\bwin ?1[01]\b|\bpc\b|\.exe\b|\bmicrosoft store\b/, 'windows'],
];

/** "Mac" that names no computer, read past before PLATFORM_WORDS: a MAC address (every network card has one), artists. */
export const NOT_A_PLATFORM = /\bmac[ -]?address|\bfleetwood mac\b|\bmac (?:miller|demarco)\b/g;
