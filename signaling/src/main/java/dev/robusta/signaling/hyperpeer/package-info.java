/**
 * Hyperpeer (docs/protocols/hyperpeer.md): {@link dev.robusta.signaling.hyperpeer.HyperpeerServer} starts the
 * server around the sans-IO {@link dev.robusta.signaling.hyperpeer.HyperpeerCore};
 * {@link dev.robusta.signaling.hyperpeer.HyperpeerClient} speaks as hyperpeer-py and hyperpeer-js do.
 */
package dev.robusta.signaling.hyperpeer;
