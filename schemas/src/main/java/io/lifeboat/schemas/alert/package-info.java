/**
 * Alert identities shared by the services that raise alerts and the service that pages people: one condition on
 * one subject has one id, whichever event reports it, so the same incident is paged once.
 */
package io.lifeboat.schemas.alert;
