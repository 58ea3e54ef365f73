import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

/**
 * Lints the deployment recipes in deploy/ (they cannot run here): every Kubernetes manifest parses and has the fields
 * its kind needs, selectors match pod labels, Services target named ports that exist, every referenced Secret key is
 * documented, the kustomization lists every manifest, and every memsweep flag the recipes pass exists in the CLI.
 * The SLURM script must pass `bash -n`.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const K8S = join(ROOT, 'deploy/k8s');
const SBATCH = join(ROOT, 'deploy/slurm/memsweep-workers.sbatch');
const CLI_MAIN = readFileSync(join(ROOT, 'apps/cli/src/main.ts'), 'utf8');

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML */
type Manifest = { file: string; doc: any };

function loadManifests(): Manifest[] {
  const out: Manifest[] = [];
  for (const file of readdirSync(K8S).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const parsed of parseAllDocuments(readFileSync(join(K8S, file), 'utf8'))) {
      if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors[0].message}`);
      out.push({ file, doc: parsed.toJS() });
    }
  }
  return out;
}

const manifests = loadManifests();
const ofKind = (kind: string) => manifests.filter((m) => m.doc?.kind === kind);
const workloads = () => [...ofKind('Deployment'), ...ofKind('StatefulSet')];
const flagsOf = (args: string[]) => args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]);
/** A flag the CLI defines, as written in main.ts: `'--tls-cert <file>'` or `'--require-client-cert'`. */
const cliHasFlag = (flag: string) => new RegExp(`'${flag}[ ']`).test(CLI_MAIN);

describe('deploy/k8s manifests', () => {
  it('parse, and each has apiVersion, kind and metadata.name', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(8);
    for (const { file, doc } of manifests) {
      expect(doc, file).toMatchObject({ apiVersion: expect.any(String), kind: expect.any(String) });
      if (doc.kind !== 'Kustomization') expect(doc.metadata?.name, `${file} ${doc.kind}`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
    expect(ofKind('Deployment').map((m) => m.doc.metadata.name).sort()).toEqual(['memsweep-coordinator', 'memsweep-worker']);
    expect(ofKind('StatefulSet').map((m) => m.doc.metadata.name)).toEqual(['memsweep-postgres']);
    expect(ofKind('Service').map((m) => m.doc.metadata.name).sort()).toEqual(['memsweep-coordinator', 'memsweep-postgres']);
  });

  it('workloads: selectors match their pod labels, containers have a name and an image, ports are named', () => {
    for (const { file, doc } of workloads()) {
      const podLabels = doc.spec.template.metadata.labels;
      expect(doc.spec.selector.matchLabels, file).toBeDefined();
      for (const [k, v] of Object.entries(doc.spec.selector.matchLabels)) expect(podLabels[k], `${file}: selector ${k}`).toBe(v);
      expect(doc.spec.template.spec.containers.length, file).toBeGreaterThan(0);
      for (const c of doc.spec.template.spec.containers) {
        expect(c.name, file).toMatch(/^[a-z0-9-]+$/);
        expect(c.image, `${file} ${c.name}`).toEqual(expect.any(String));
        for (const p of c.ports ?? []) expect(p, `${file} ${c.name}`).toMatchObject({ name: expect.any(String), containerPort: expect.any(Number) });
        for (const m of c.volumeMounts ?? []) expect((doc.spec.template.spec.volumes ?? []).map((v: any) => v.name).concat((doc.spec.volumeClaimTemplates ?? []).map((v: any) => v.metadata.name)), `${file}: volume ${m.name}`).toContain(m.name);
      }
    }
    const sts = ofKind('StatefulSet')[0].doc;
    expect(ofKind('Service').some((s) => s.doc.metadata.name === sts.spec.serviceName && s.doc.spec.clusterIP === 'None')).toBe(true);
  });

  it('Services select a workload\'s pods and target a port it names', () => {
    for (const { file, doc } of ofKind('Service')) {
      const target = workloads().find((w) => Object.entries(doc.spec.selector).every(([k, v]) => w.doc.spec.template.metadata.labels[k] === v));
      expect(target, `${file}: no workload matches ${JSON.stringify(doc.spec.selector)}`).toBeDefined();
      const named = target!.doc.spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name));
      for (const port of doc.spec.ports) expect(named, `${file}: targetPort ${port.targetPort}`).toContain(port.targetPort);
    }
  });

  it('every Secret key a workload reads is one secrets.example.yaml documents', () => {
    const documented = new Map(ofKind('Secret').map((s) => [s.doc.metadata.name, Object.keys(s.doc.stringData ?? s.doc.data ?? {})]));
    const refs: Array<[string, string | undefined]> = [];
    for (const { doc } of workloads()) {
      const pod = doc.spec.template.spec;
      for (const c of pod.containers) for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) refs.push([e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]);
      for (const v of pod.volumes ?? []) if (v.secret) for (const item of v.secret.items ?? [{ key: undefined }]) refs.push([v.secret.secretName, item.key]);
    }
    expect(refs.length).toBeGreaterThan(4);
    for (const [name, key] of refs) {
      expect(documented.has(name), `secret ${name}`).toBe(true);
      if (key) expect(documented.get(name), `secret ${name} key ${key}`).toContain(key);
    }
  });

  it('the kustomization lists every manifest but the secrets example, and nothing else', () => {
    const kustomization = ofKind('Kustomization')[0].doc;
    const files = [...new Set(manifests.map((m) => m.file))].filter((f) => f !== 'kustomization.yaml' && f !== 'secrets.example.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('passes only memsweep flags that exist: TLS and the token from files, never the token on a command line', () => {
    const [coordinator] = ofKind('Deployment').filter((d) => d.doc.metadata.name === 'memsweep-coordinator').map((d) => d.doc.spec.template.spec.containers[0]);
    const [worker] = ofKind('Deployment').filter((d) => d.doc.metadata.name === 'memsweep-worker').map((d) => d.doc.spec.template.spec.containers[0]);
    expect(coordinator.args[0]).toBe('coordinator');
    expect(worker.args[0]).toBe('worker');
    for (const flag of [...flagsOf(coordinator.args), ...flagsOf(worker.args)]) expect(cliHasFlag(flag), flag).toBe(true);
    expect(flagsOf(coordinator.args)).toEqual(expect.arrayContaining(['--listen', '--tls-cert', '--tls-key', '--token-file']));
    expect(flagsOf(worker.args)).toEqual(expect.arrayContaining(['--coordinator', '--tls-ca', '--token-file']));
    expect(JSON.stringify(manifests.filter((m) => m.doc.kind !== 'Secret'))).not.toMatch(/--token[ =]/);
    expect(worker.args).toContain(`--coordinator=${'memsweep-coordinator'}:${ofKind('Service').find((s) => s.doc.metadata.name === 'memsweep-coordinator')!.doc.spec.ports[0].port}`);
  });
});

describe('deploy/slurm/memsweep-workers.sbatch', () => {
  const script = readFileSync(SBATCH, 'utf8');

  it('is valid bash (bash -n)', () => {
    expect(() => execFileSync('bash', ['-n', SBATCH], { stdio: 'pipe' })).not.toThrow();
  });

  it('asks SLURM for one worker per node, drains on SIGTERM before the time limit, and passes existing flags', () => {
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toMatch(/^#SBATCH --ntasks-per-node=1$/m);
    expect(script).toMatch(/^#SBATCH --signal=TERM@\d+$/m);
    expect(script).toMatch(/worker --coordinator "\$\{MEMSWEEP_COORDINATOR\}" --threads/);
    for (const flag of script.match(/(?<=worker .*)--[a-z-]+/g) ?? []) expect(cliHasFlag(flag), flag).toBe(true);
    expect(script).not.toMatch(/--token[ =]/);
  });

  it('refuses to start without a coordinator address or a token', () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const run = (extra: Record<string, string>) => {
      try {
        execFileSync('bash', [SBATCH], { env: { ...env, ...extra }, stdio: 'pipe' });
        return '';
      } catch (err) {
        return String((err as { stderr: Buffer }).stderr);
      }
    };
    expect(run({})).toMatch(/MEMSWEEP_COORDINATOR/);
    expect(run({ MEMSWEEP_COORDINATOR: 'h:1' })).toMatch(/no worker token/);
    expect(run({ MEMSWEEP_COORDINATOR: 'h:1', MEMSWEEP_TOKEN_FILE: '/nonexistent/token' })).toMatch(/cannot read the token file/);
  });
});
