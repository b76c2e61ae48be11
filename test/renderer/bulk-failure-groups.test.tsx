// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { ControllerLabel } from '../../renderer/src/screens/bulk/controller-directory';
import { groupFailures, listOf } from '../../renderer/src/screens/bulk/failure-groups';
import { overview, record, result } from './support/bulk-fixtures';
import { useLanguage } from '../../renderer/src/i18n/language';

const t = useLanguage.getState().t;

const rows = [
  overview(1, 'North', 'Site default'),
  overview(2, 'North', 'Boiler room'),
  overview(3, 'South', null),
  overview(4),
  overview(5),
  overview(6),
  overview(7),
];
const label = (id: string): ControllerLabel => {
  const c = rows.find((r) => r.controller.id === id)!.controller;
  return {
    id,
    name: c.name,
    site: c.site,
    address: `${c.host}:${c.port}`,
    credential: c.credential,
    username: c.credential ? null : 'tech',
  };
};

describe('failures grouped by cause', () => {
  it('puts controllers of one error code together, biggest group first, with a fix naming every profile and controller', () => {
    const rec = record('r', [
      result(rows[0]!, 'AUTH_FAILED'),
      result(rows[1]!, 'AUTH_FAILED'),
      result(rows[2]!, 'AUTH_FAILED'),
      result(rows[3]!, 'USB_KEY_MISSING'),
      result(rows[4]!),
      { ...result(rows[5]!), status: 'cancelled', backup: null, verdict: 'not-ready' },
      { ...result(rows[6]!), status: 'pending', backup: null, verdict: 'not-ready' },
    ]);
    const groups = groupFailures(rec, label, t);
    expect(groups.map((g) => [g.code, g.controllers.map((c) => c.name)])).toEqual([
      ['AUTH_FAILED', ['AHU-1', 'AHU-2', 'AHU-3']],
      // Cancelled, and never reached because the run was cancelled first: both are "not backed up".
      ['CANCELLED', ['AHU-6', 'AHU-7']],
      ['USB_KEY_MISSING', ['AHU-4']],
    ]);
    expect(groups.map((g) => g.action)).toEqual([{ kind: 'retry' }, { kind: 'retry' }, { kind: 'retry' }]);
    expect(groups[0]!.title).toBe('Sign-in refused');
    expect(groups[0]!.hint).toContain('The controller refused the login.');
    expect(groups[0]!.fix).toBe(
      'Check the password for profiles Site default and Boiler room (Settings → Credential profiles); check the user name and password of AHU-3 in Controllers, then retry.',
    );
    expect(groups[2]!.fix).toBe('Plug a USB key into AHU-4, or back up to the controller itself.');
    expect(groups[1]!.fix).toBe('Retry to back up AHU-6 and AHU-7.');
  });

  it('names a missing setting with the message main gave (INVALID_INPUT names the controller and what is missing)', () => {
    const rec = record('r', [
      result(
        rows[0]!,
        'INVALID_INPUT',
        'No user name for AHU-1: add a username or a credential profile to the controller.',
      ),
    ]);
    expect(groupFailures(rec, label, t)[0]!.fix).toBe(
      'No user name for AHU-1: add a username or a credential profile to the controller.',
    );
  });

  it('has nothing to group when every controller succeeded', () => {
    expect(
      groupFailures(
        record(
          'r',
          rows.map((r) => result(r)),
        ),
        label,
        t,
      ),
    ).toEqual([]);
  });

  it('lists names so a sentence stays short', () => {
    expect(listOf(['A'], t)).toBe('A');
    expect(listOf(['A', 'B'], t)).toBe('A and B');
    expect(listOf(['A', 'B', 'C', 'D'], t)).toBe('A, B, C and D');
    expect(listOf(['A', 'B', 'C', 'D', 'E', 'F'], t)).toBe('A, B, C and 3 more');
  });
});

describe('a backup saved but not restorable', () => {
  it('is its own group, neither a failure nor silently ready (as the HTML report says it)', () => {
    const rec = record('r', [
      result(rows[0]!),
      {
        ...result(rows[1]!),
        verdict: 'not-ready',
        verdictReason: 'The controller says this backup cannot be restored: ERROR_MISSMATCH_VERSION',
      },
    ]);
    const groups = groupFailures(rec, label, t);
    expect(groups.map((g) => [g.code, g.title, g.controllers.map((c) => c.name)])).toEqual([
      ['SAVED_NOT_READY', 'Backed up, not ready for upgrade', ['AHU-2']],
    ]);
    expect(groups[0]!.controllers[0]!.message).toBe(
      'The controller says this backup cannot be restored: ERROR_MISSMATCH_VERSION',
    );
    expect(groups[0]!.action).toBeNull();
  });

  it("one profile refused: the fix is a button that updates that profile's password", () => {
    const rec = record('r', [result(rows[1]!, 'AUTH_FAILED')]);
    expect(groupFailures(rec, label, t)[0]!.action).toEqual({ kind: 'password', profile: 'Boiler room' });
  });
});
