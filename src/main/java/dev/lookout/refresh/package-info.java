/**
 * The cache updater and the result cache: each panel refreshed on its interval with bounded
 * concurrency, results stored once as ready-to-serve bytes (in Redis or in memory), and served
 * to every viewer without touching the data source.
 */
package dev.lookout.refresh;
