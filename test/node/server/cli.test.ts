/**
 * `chaff label` as a real process: it prints its address, serves only
 * 127.0.0.1, opens nothing, and exits cleanly on SIGTERM and SIGINT.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as os from 'node:os';
import { BIN, runChaff } from '../../helpers/cli';
import { REPO } from '../../helpers/tiny';
import { seedWorkspace } from '../../browser/helpers';
import { raw } from './helpers';

function start(args: string[]): { child: ChildProcess; line: Promise<string>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, 'label', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr!.on('data', (d) => (err += d));
  const line = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', () => reject(new Error(`chaff label exited: ${err}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, line, exit, stderr: () => err };
}

describe('chaff label (the command)', function () {
  this.timeout(60000);

  it('prints its address, serves on 127.0.0.1 only, and stops on SIGTERM', async () => {
    const ws = seedWorkspace({ withLabels: true });
    const p = start([ws.labels, '--labels', ws.labels, '--port', '0']);
    try {
      const line = await p.line;
      const m = /^chaff label: serving 5 pages on http:\/\/127\.0\.0\.1:(\d+)\/ \(labels in (.+)\)$/.exec(line);
      expect(m, line).to.not.equal(null);
      const port = Number(m![1]);
      expect(m![2]).to.equal(ws.labels); // outside the working directory: shown in full
      const index = await raw(port, { path: '/' });
      expect(index.status).to.equal(200);
      expect((await raw(port, { path: '/', headers: { Host: 'evil.example' } })).status).to.equal(403);
      // Not listening on other interfaces: the wildcard address has nothing on that port
      // (only checked where another address than loopback exists to try).
      const other = Object.values(os.networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4');
      if (other) {
        const refused = await new Promise<boolean>((resolve) => {
          const s = net.connect(port, other.address);
          s.once('connect', () => { s.destroy(); resolve(false); });
          s.once('error', () => resolve(true));
        });
        expect(refused).to.equal(true);
      }
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exit).to.equal(0);
    expect(p.stderr()).to.equal('');
  });

  it('stops on SIGINT too', async () => {
    const ws = seedWorkspace({ withLabels: true });
    const p = start(['--labels', ws.labels, '--port', '0']);
    await p.line;
    p.child.kill('SIGINT');
    expect(await p.exit).to.equal(0);
  });

  it('says when the port is taken, and has --help', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const ws = seedWorkspace();
      const r = await runChaff(['label', '--labels', ws.labels, '--port', String(port), '--backend', 'wasm']);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.equal(`chaff label: port ${port} is in use on 127.0.0.1; pick another with --port (0 for any free one)\n`);
    } finally {
      blocker.close();
    }
    const help = await runChaff(['label', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^usage: chaff label \[PAGES…\|DIRS…\]/);
  });
});
