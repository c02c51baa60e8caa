"""One blueprint per page of the nurses' page; `app.create_app` registers each."""
