// The only two IPC channels between the preload and main (shared by both sides).
export const REQUEST_CHANNEL = 'netlens:request';
export const EVENT_CHANNEL = 'netlens:event';
