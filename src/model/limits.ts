// Every length and size limit that more than one layer checks (request contract, target parser, hosts
// file, snapshot store, renderer inputs): one number per thing, so a value one layer accepts is never
// refused by the next. Plain constants with no imports, because the renderer bundles this file too.

/** Longest user name in a target (POSIX allows 32 on most systems; some allow more). */
export const TARGET_USER_MAX = 64;
/** Longest host name or address in a target: a DNS name in text form (RFC 1035). */
export const TARGET_HOST_MAX = 253;
/**
 * Longest target text: the longest the grammar can spell, `ssh://` + user + `@` + host + `:65535/`.
 * The cap only bounds the work done before parsing; it never refuses a target the grammar accepts.
 */
export const TARGET_MAX = 'ssh://'.length + TARGET_USER_MAX + '@'.length + TARGET_HOST_MAX + ':65535/'.length;
/**
 * Longest engine address (`--docker-host`): `tcp://` + a host name + `:65535`; a `unix://` path is
 * shorter still, since a socket path holds at most 107 bytes (sun_path).
 */
export const DOCKER_HOST_MAX = 'tcp://'.length + TARGET_HOST_MAX + ':65535'.length;
/**
 * A host id is the target as the user wrote it (trimmed), or `local`, followed by ` ` and the engine
 * address when the host names one (a target never holds a space): one limit for all, so a host that
 * could be added can always be connected, captured, saved from and removed.
 */
export const HOST_ID_MAX = TARGET_MAX + 1 + DOCKER_HOST_MAX;
/** A host's label; a host added without one is labelled with its id, hence never below HOST_ID_MAX. */
export const HOST_LABEL_MAX = HOST_ID_MAX;
/** A saved host's identity file: a path (PATH_MAX on Linux). */
export const IDENTITY_FILE_MAX = 4096;
/** Jump hosts in one route (ProxyJump hops, as OpenSSH would follow them); more is taken for a loop. */
export const JUMP_HOPS_MAX = 10;
/** A saved host's jump hosts: that many targets, comma-separated. */
export const JUMP_MAX = JUMP_HOPS_MAX * (TARGET_MAX + 1);
/** A port as typed in the host form (checked by the back end, which names the field when it is wrong). */
export const PORT_TEXT_MAX = 16;
/** A Docker context's name (Docker's own limit is lower; this bounds what is read from its meta.json). */
export const CONTEXT_NAME_MAX = 100;
/** Hosts kept in hosts.json. */
export const HOSTS_MAX = 10_000;

/** Snapshot ids the store makes and accepts: no dots or separators (no traversal, no clash with sidecars). */
export const SNAPSHOT_ID_MAX = 128;
export const SNAPSHOT_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${SNAPSHOT_ID_MAX - 1}}$`);
/** A saved snapshot's name (after trimming) and note. */
export const SNAPSHOT_NAME_MAX = 200;
export const SNAPSHOT_NOTE_MAX = 5000;

/** `snapshots:import`: the file name shown, and the content as sent (JSON text or base64 of gzip). */
export const IMPORT_FILE_NAME_MAX = 500;
export const IMPORT_CONTENT_MAX = 200_000_000;
/** A snapshot file read from disk, or a gzip once decompressed. */
export const SNAPSHOT_FILE_MAX_BYTES = 512 * 1024 * 1024;

/** Most timeline points one `history:list` answers (the newest ones). */
export const HISTORY_POINTS_MAX = 5000;
