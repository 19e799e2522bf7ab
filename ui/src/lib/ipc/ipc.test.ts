import { describe, expect, it } from 'vitest';
import { AppError, toAppError, vaultApi } from './index';
import { mockBackend } from '../../tests/ipcMock';

describe('typed IPC client', () => {
  it('rebuilds {code, message} into an AppError with the same code', async () => {
    mockBackend({
      vault_lock: () => {
        throw { code: 'Locked', message: 'the vault is locked' };
      },
    });
    const err = await vaultApi.lock().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('Locked');
  });

  it('maps unknown shapes to Internal rather than trusting them', () => {
    expect(toAppError('boom').code).toBe('Internal');
    expect(toAppError({ code: 'NotARealCode', message: 'x' }).code).toBe('Internal');
    expect(toAppError({ code: '__proto__' }).code).toBe('Internal');
    expect(toAppError(null).code).toBe('Internal');
  });
});
