package deploy

// Usage reports that the artifact was refused as input (not a readable
// .tar.gz): nothing was uploaded, the fix is on the command line (exit 2).
func (e *ArtifactError) Usage() bool { return true }
