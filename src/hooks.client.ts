import { z } from 'zod';

// The CSP allows no eval: zod would otherwise probe `new Function` once, which the browser
// reports as a violation (zod then parses without it anyway).
z.config({ jitless: true });
