import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../..');

/** What a process prints when it logs `entry` through createLogger, with NODE_ENV as given. */
async function logged(nodeEnv: string, entry: Record<string, unknown>): Promise<string> {
  const program = `require('./libs/logging/src/logger').createLogger('api', 'info').warn(${JSON.stringify(entry)}, 'webhook refused')`;
  const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', '-e', program], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: nodeEnv },
  });
  return stdout;
}

const ENTRY = {
  callSid: 'CA123',
  from: '+14155550188',
  to: '+1 (555) 010-0001',
  authToken: 'twilio-auth-token-value',
  call: { callerNumber: '+14155550199', token: 'stream-token-value' },
};

describe('createLogger', () => {
  it('writes one JSON line in production, with secrets redacted and phone numbers cut to their last four digits', async () => {
    const lines = (await logged('production', ENTRY)).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 40,
      name: 'api',
      msg: 'webhook refused',
      callSid: 'CA123',
      from: '+*******0188',
      to: '+* (***) ***-0001',
      authToken: '[redacted]',
      call: { callerNumber: '+*******0199', token: '[redacted]' },
    });
  });

  it('writes one readable line elsewhere, just as careful', async () => {
    const output = await logged('development', ENTRY);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN \(api\): webhook refused /);
    expect(output).toContain('"from":"+*******0188"');
    for (const secret of ['twilio-auth-token-value', 'stream-token-value', '4155550188', '4155550199', '010-0001']) expect(output).not.toContain(secret);
  });
});
