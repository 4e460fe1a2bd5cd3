#!/usr/bin/env node
// The `union` command: runs scripts/cli.ts through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/cli.ts');
