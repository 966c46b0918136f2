import { keywordOf } from '../../activities/sms/sms-keywords';

describe('SMS keywords', () => {
  it.each(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', ' stop ', 'Stop\n', 'stopall'])('%j opts out', (body) => {
    expect(keywordOf({ body })).toEqual({ kind: 'opt_out' });
  });

  it.each(['START', 'YES', 'UNSTOP', 'yes'])('%j opts back in', (body) => {
    expect(keywordOf({ body })).toEqual({ kind: 'opt_in' });
  });

  it.each(['HELP', 'info'])('%j asks for help', (body) => {
    expect(keywordOf({ body })).toEqual({ kind: 'help' });
  });

  it.each(['Stop please', 'please cancel', 'Can I come at 5?', '', 'STOP!'])('%j is an ordinary message', (body) => {
    expect(keywordOf({ body })).toBeUndefined();
  });

  it("follows Twilio's OptOutType, whose keyword list a business may have customized", () => {
    expect(keywordOf({ body: 'ARRET', optOutType: 'STOP' })).toEqual({ kind: 'opt_out' });
    expect(keywordOf({ body: 'Subscribe', optOutType: 'START' })).toEqual({ kind: 'opt_in' });
    expect(keywordOf({ body: 'stop', optOutType: 'HELP' })).toEqual({ kind: 'help' });
  });
});
