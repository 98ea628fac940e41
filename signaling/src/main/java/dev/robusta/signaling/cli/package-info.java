/** The command line behind {@code bin/robusta-signaling}. */
package dev.robusta.signaling.cli;
