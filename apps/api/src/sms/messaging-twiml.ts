import twilio from 'twilio';

/** The answer to an inbound text: one `<Message>`, or an empty `<Response/>` when nothing needs saying. */
export function replyTwiml(reply?: string): string {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
}
