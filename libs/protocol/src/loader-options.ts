import type { Options } from '@grpc/proto-loader';

/**
 * The proto-loader options of the runtime. tools/generate-proto-types.sh passes the same options to
 * proto-loader-gen-types, so the generated types describe exactly the objects the runtime produces.
 */
export const LOADER_OPTIONS: Readonly<Options> = Object.freeze({
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [],
});

/** Largest message either side accepts: a trained model artifact must fit (MLPs of a few million weights). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Channel options shared by the server and clients. */
export const CHANNEL_OPTIONS = Object.freeze({
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': 20_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
  'grpc.http2.max_pings_without_data': 0,
  // A client reconnects within about a second of a restarted coordinator's return (grpc-js defaults: 1 s growing to
  // 120 s), so that a worker's heartbeat reaches it while the leases renewed at its start still hold.
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 1000,
});
