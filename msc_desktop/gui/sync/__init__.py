"""Sending to and receiving from the coordinating centre: the sync panel."""
