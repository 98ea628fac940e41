/** JSON as the protocols need it: strict parsing and compact output ({@code Json}), Python 2 output ({@code PyJson}). */
package dev.robusta.signaling.json;
