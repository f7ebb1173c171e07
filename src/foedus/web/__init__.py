"""The local web app and REST API of ``foedus serve`` (needs ``pip install 'foedus[web]'``)."""
