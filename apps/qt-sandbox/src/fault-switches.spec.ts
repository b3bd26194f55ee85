import { FaultSwitches, NO_FAULTS } from './fault-switches';

describe(FaultSwitches.name, () => {
  describe('decide', () => {
    it('lets everything through without faults', () => {
      expect(FaultSwitches.decide(NO_FAULTS)).toEqual({ kind: 'none' });
    });

    it('puts an outage before a forced code', () => {
      const faults = { ...NO_FAULTS, outage: true, forceCode: 'Httpapi_300_101' as const };

      expect(FaultSwitches.decide(faults)).toEqual({ kind: 'http', status: 503 });
    });

    it('answers 500 for the share of requests the error rate names', () => {
      const faults = { ...NO_FAULTS, errorRate: 0.25 };

      expect(FaultSwitches.decide(faults, () => 0.2)).toEqual({ kind: 'http', status: 500 });
      expect(FaultSwitches.decide(faults, () => 0.3)).toEqual({ kind: 'none' });
    });

    it('forces the configured code otherwise', () => {
      const faults = { ...NO_FAULTS, forceCode: 'Httpapi_300_110' as const };

      expect(FaultSwitches.decide(faults)).toEqual({ kind: 'force', code: 'Httpapi_300_110' });
    });
  });
});
