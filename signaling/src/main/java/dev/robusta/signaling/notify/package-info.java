/**
 * rtclite's notify relay (docs/protocols/notify.md): {@link dev.robusta.signaling.notify.NotifyServer} around the
 * sans-IO {@link dev.robusta.signaling.notify.NotifyCore}, and {@link dev.robusta.signaling.notify.NotifyClient}.
 */
package dev.robusta.signaling.notify;
