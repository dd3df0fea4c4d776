/** The channel id of LINE conversations, whose data keeps its own retention rules. */
const LINE_CHANNEL_ID = 'line';

/**
 * How long the data of a channel's idle conversations is kept: for channels other than LINE (the Emulator, Web Chat,
 * …), whose users are often anonymous and can be made up by the thousand, bot state, customers and transcripts are
 * deleted by the retention sweep once their last change is `ttlHours` old (judged when it runs, see
 * `channelDataRetention.ts`); LINE's are kept by today's rules.
 *
 * @example
 * const expiry = new ChannelDataExpiry(72);
 * expiry.secondsFor('emulator'); // 259200
 * expiry.secondsFor('line'); // undefined: kept
 */
export class ChannelDataExpiry {
  constructor(private readonly ttlHours: number) {}

  /** Seconds an idle conversation's data of `channelId` is kept; `undefined` when it does not expire. */
  secondsFor(channelId: string): number | undefined {
    return channelId === LINE_CHANNEL_ID ? undefined : this.ttlHours * 60 * 60;
  }
}
