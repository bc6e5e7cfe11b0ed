// A bench's settings from the environment, checked with zod: a wrong value is one line naming it, and exit 2.
import type { z } from 'zod';
import { envOrExit } from '../../src/tools/envOrExit.js';

export const benchEnv = <S extends z.ZodType>(schema: S): z.output<S> => envOrExit('bench', schema);
