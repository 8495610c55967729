/**
 * Images known to be built for one CPU architecture only: a task on the other architecture
 * fails at start with `exec format error`, after the deploy has already gone through. Refused at
 * synth instead (config/compute.ts).
 */
export const SINGLE_ARCHITECTURE_IMAGES: Readonly<
  Record<
    string,
    { readonly architecture: "ARM64" | "X86_64"; readonly instead: string; readonly source: string }
  >
> = {
  // ClamAV's maintainers: "We provide an x86_64 alpine-based clamav docker image", the multi-arch
  // (amd64, arm64, ppc64le) image being the Debian-based one (Cisco-Talos/clamav issue #1104).
  "clamav/clamav": {
    architecture: "X86_64",
    instead: "clamav/clamav-debian",
    source: "Cisco-Talos/clamav issue #1104",
  },
};

/** A repository without the Docker Hub host spelled out: `docker.io/clamav/clamav` → `clamav/clamav`. */
export function dockerHubName(repository: string): string {
  return repository.replace(/^(registry-1\.)?docker\.io\//, "").replace(/^library\//, "");
}
