import { defineConfig } from 'tsup';
import { preset } from '../../tsup.preset';

export default defineConfig([
  preset({ index: 'src/index.ts', build: 'src/build/index.ts' }),
  // The command itself: ESM only, with a shebang kept from the source.
  preset({ bin: 'src/bin.ts' }, { format: ['esm'], dts: false, clean: false }),
]);
