import { ApiEnvSchema, ConfigError, loadEnv } from '../../../libs/config/src/env';

const BASE = { DATABASE_URL: 'postgresql://localhost/switchboard', STREAM_TOKEN_SECRET: 'a-secret-of-sixteen+' };
const trustProxy = (value?: string) => loadEnv({ ...BASE, ...(value === undefined ? {} : { TRUST_PROXY: value }) }, ApiEnvSchema).TRUST_PROXY;

describe('TRUST_PROXY', () => {
  it('is unset by default: no proxy is believed', () => {
    expect(trustProxy()).toBeUndefined();
  });

  it('takes a number of hops, or addresses and subnets', () => {
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('loopback, 10.0.0.0/8,fd00::/8 ,192.0.2.10')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.10']);
  });

  it.each(['true', 'proxy.internal', '10.0.0.0/33', '10.0.0/8', 'loopback,', '1.5'])('refuses %j at boot, saying what it expects', (value) => {
    expect(() => trustProxy(value)).toThrow(ConfigError);
    expect(() => trustProxy(value)).toThrow(/TRUST_PROXY: expected a number of proxy hops, or comma-separated addresses and subnets/);
  });
});
