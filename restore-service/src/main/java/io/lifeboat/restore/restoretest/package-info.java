/**
 * Restore tests (policy 7.2): monthly on the policy's cron and on demand. A backup is chosen at random among the
 * dumps within retention (the seed is logged and reported so the choice can be repeated), restored into a scratch
 * cluster made with initdb the way a logical restore restores (loaded while it is decrypted), every table checked against the manifest's fingerprints, the policy's smoke queries run
 * ("test application functionality"), and the test documented as policy 7.3 asks (objectives, scope, steps with
 * timings, pass or fail, observations, issues, improvements) in JSON and Markdown in the report store. The scratch
 * cluster is removed whatever happens. A test that is not green is a business fact (an event and a critical
 * alert), never only an exception; its report is kept until those are published (a catch-up would not run the
 * test again: it is documented).
 */
package io.lifeboat.restore.restoretest;
