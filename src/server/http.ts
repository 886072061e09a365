import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../logger';

export interface HttpServerOptions {
  readonly logger: Logger;
  /** Readiness: the database answers and start-up (migrations, seed) is done. */
  readonly isReady: () => Promise<boolean>;
}

/**
 * The HTTP edge. It listens before the database is up so liveness answers at once; readiness tells
 * load balancers when to send traffic. Channel routes are added by their modules.
 */
export function createHttpServer({ logger, isReady }: HttpServerOptions): Server {
  const server = restify.createServer({ name: 'improbank-billpay', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.json(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const ready = await isReady().catch(() => false);
    res.json(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', database: ready ? 'up' : 'down' });
  });

  server.on('restifyError', (req: Request, res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    if ((error.statusCode ?? 500) >= 500) logger.error({ err: error, path: req.getPath() }, 'request failed');
    callback();
  });
  return server;
}

export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.removeListener('error', reject);
      resolve(server.address().port);
    });
  });
}

/** Stops accepting, lets in-flight requests finish (up to `graceMs`), then resolves. */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.server.closeAllConnections();
      resolve();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.server.closeIdleConnections();
  });
}
