"""The coordinating centre's web application (DESIGN section 10), served by `msc-central serve`."""
