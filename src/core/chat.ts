import { fold, STOPWORDS, wordsOf } from './text.js';

/**
 * Words that ask nothing: greetings, thanks, goodbyes and acknowledgements. With search's stopwords
 * they make "thanks @bot", "hi @bot 👋" or "@bot ok it works now, cheers" chat, not a question.
 */
const CHAT_WORDS: ReadonlySet<string> = new Set(
  ('thanks thank thx thnx ty tysm tyvm thanku thankyou cheers appreciate appreciated much lot lots ' +
    'hello hiya heya howdy yo sup morning afternoon evening night gm gn bye goodbye cya later ' +
    'ok okay k kk cool nice great awesome good perfect amazing best love wow lol lmao haha hehe xd ' +
    'yes yeah yep yup sure np welcome sorry bot man mate dude bro guys buddy ' +
    'works worked working fixed solved helped ' +
    'gracias danke merci grazie obrigado спасибо').split(' '),
);

/** Discord's tags: a member, a role, a channel, a custom emoji. */
const DISCORD_TAGS = /<(?:a?:\w+:|@[!&]?|#)\d+>/g;

/** Whether text asks nothing: no word is left once Discord's tags, search's stopwords and chat's words are taken out. */
export function asksNothing(text: string): boolean {
  return wordsOf(fold(text.replace(DISCORD_TAGS, ' ')))
    .split(' ')
    .every((word) => !word || STOPWORDS.has(word) || CHAT_WORDS.has(word));
}
