#!/usr/bin/env node
// `npm run build:image`: the container image `wh-sim` from Containerfile, with buildah (`apt-get
// install buildah`; `--storage-driver vfs` works without privileges a container would need). Its
// context, dist/image/, is made here: in rootfs/, the standalone executable (built first when
// missing), the shared libraries it loads (as `ldd` resolves them, at the same paths), CA
// certificates, /etc/passwd and /etc/group for a non-root user and /tmp; in user/, its home and /data.
// `--context-only`: make the context and stop (for docker or podman).
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const binary = join(root, "dist", "bin", `wh-sim-${process.platform}-${process.arch}`);
const context = join(root, "dist", "image");
const rootfs = join(context, "rootfs");
const run = (command, args) => {
  const done = spawnSync(command, args, { stdio: ["ignore", "pipe", "inherit"], cwd: root, encoding: "utf8" });
  if (done.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${done.status ?? done.signal})`);
  return done.stdout;
};

if (!existsSync(binary)) spawnSync(process.execPath, ["scripts/build-binary.mjs"], { stdio: "inherit", cwd: root });
rmSync(context, { recursive: true, force: true });
const place = (from, to = from) => {
  mkdirSync(dirname(join(rootfs, to)), { recursive: true });
  copyFileSync(realpathSync(from), join(rootfs, to));
};
place(binary, "/usr/local/bin/wh-sim");
chmodSync(join(rootfs, "usr/local/bin/wh-sim"), 0o755);
// `libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x…)` and the loader's own line.
for (const line of run("ldd", [binary]).split("\n")) {
  const path = /=>\s*(\/\S+)/.exec(line)?.[1] ?? /^\s*(\/\S+)\s/.exec(line)?.[1];
  if (path) place(path);
}
place("/etc/ssl/certs/ca-certificates.crt");
const etc = join(rootfs, "etc");
writeFileSync(join(etc, "passwd"), "root:x:0:0:root:/root:/sbin/nologin\nwh-sim:x:10001:10001:wh-sim:/home/wh-sim:/sbin/nologin\n");
writeFileSync(join(etc, "group"), "root:x:0:\nwh-sim:x:10001:\n");
mkdirSync(join(rootfs, "tmp"));
// The user's own: its home and the volume (a file in each, so that COPY makes them).
for (const dir of ["home/wh-sim", "data"]) {
  mkdirSync(join(context, "user", dir), { recursive: true });
  writeFileSync(join(context, "user", dir, ".wh-sim"), "");
}
copyFileSync(join(root, "Containerfile"), join(context, "Containerfile"));
if (process.argv.includes("--context-only")) process.exit(0);

// /tmp for anyone (sticky): COPY keeps modes (the user's own folders are given to it by the Containerfile).
chmodSync(join(rootfs, "tmp"), 0o1777);
const storage = process.env.WH_SIM_BUILDAH_STORAGE ?? "vfs";
run("buildah", ["--storage-driver", storage, "bud", "--format", "docker", "--layers=false", "-f", join(context, "Containerfile"), "-t", "wh-sim", context]);
console.log(`built image wh-sim (buildah, ${storage} storage) from ${context}`);
